/**
 * A design with shared items, for the language-service, server, diagram and render tests:
 * an OS image every component runs on (top-level `uses`, staged in waves), WAF rules only
 * the edge loads (pushed all at once), and an agent used by two components, quoted in places.
 */
export const SHARED_DESIGN = `redundancy: 1
system: storefront
failureDomains: [zone, host]
tolerate: [host, zone, bad-release, bad-config, software-bug]

shared:
  base-image:
    type: software
    layer: os
    version: ubuntu-22.04.4
    rollout: { strategy: waves, waves: [1, 10%, 100%] }
  edge-rules:
    type: config
    layer: waf-rules
    rollout: all-at-once
  "agent":
    type: config
    layer: agent-content

uses: [base-image]

components:
  edge:
    kind: stateless
    uses: [edge-rules, agent]
    replicas:
      - count: 3
        spread: { zone: [za, zb, zc] }
        version: edge@5
    dependsOn: [api]

  api:
    kind: stateless
    uses:
      - "agent"
    replicas:
      - count: 3
        spread: { zone: [za, zb, zc] }
        version: api@2
    rollout: { software: rolling, config: rolling }

  db:
    kind: state-machine
    replicas:
      - count: 3
        spread: { zone: [za, zb, zc] }
        version: pg@16
    rollout: { software: rolling, config: rolling }

accepted:
  - rule: shared-push
    shared: agent
    reason: The agent vendor stages content itself.
`;
