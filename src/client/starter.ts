/** The commented starter design that "Redundancy Lens: New Design File" opens. */
export function starterDesign(): string {
  return `# A Redundancy Lens design. Save it as <name>.redundancy.yaml.
# Every component lists its replicas: where each runs (region, zone, rack, host),
# which version and config it runs. The analysis tells you which failures take it down.
redundancy: 1
system: my-system
description: What this system does.

# The infrastructure levels, largest first (this is the default).
failureDomains: [region, zone, rack, host]

# The failures this design claims to survive (this is the default).
tolerate: [host, rack, zone, bad-release, bad-config, poison-pill]

components:
  api:
    kind: stateless
    dependsOn: [events]
    replicas:
      # Three replicas, one per zone (round-robin).
      - count: 3
        spread: { zone: [zone-a, zone-b, zone-c], rack: [r1, r2, r3] }
        region: region-1
        version: api@1.0.0
        config: api-cfg@1
    rollout:
      # A canary first, then half, then all: a bad release reaches one replica first.
      software: { strategy: canary, waves: [1, 50%, 100%] }
      config: rolling

  events:
    kind: log          # an ordered event log; quorum defaults to a majority
    replicas:
      - count: 3
        spread: { zone: [zone-a, zone-b, zone-c], rack: [r4, r5, r6] }
        region: region-1
        version: broker@3.7
        config: broker-cfg@1
    rollout: { software: rolling, config: rolling }

  worker:
    kind: consumer
    consumes: [events]
    # stop (default) halts on an event it cannot process; skip loses it; dead-letter quarantines it.
    onPoisonPill: dead-letter
    replicas:
      - count: 2
        spread: { zone: [zone-a, zone-b], rack: [r7, r8] }
        region: region-1
        version: worker@2.0.0
        config: worker-cfg@1
    rollout: { software: rolling, config: rolling }

# Risks you accept, with a reason and a date to revisit them.
accepted: []
`;
}
