/**
 * What every rule is called and how serious it is by default, and the phrases reports use
 * for threat classes. Pure data: the CLI, the language server and the docs read it, so a
 * rule's title, severity and help link are written once.
 */
import { RULE_DOCS_BASE } from './generated/meta';
import type { RuleId, Severity } from './types';

export interface RuleMeta {
  id: RuleId;
  /** A readable identifier in PascalCase (SARIF's rule `name`, which must differ from the id). */
  name: string;
  /** Severity from FORMAT.md's findings table. */
  severity: Severity;
  /** A few words, for rule lists (SARIF shortDescription). */
  title: string;
  /** One sentence saying when the rule fires (SARIF fullDescription). */
  description: string;
}

/**
 * Rule docs live at docs/rules/<rule-id>.md in the repository. Both URLs come from
 * package.json's `homepage`, written into generated/meta.ts at build time (the core reads
 * no files); the VS Code client opens the copy of the page shipped in the extension instead.
 */
export { PROJECT_URL, RULE_DOCS_BASE } from './generated/meta';

export function ruleDocUrl(rule: RuleId | string): string {
  return `${RULE_DOCS_BASE}${rule}.md`;
}

export const RULE_META: { readonly [R in RuleId]: RuleMeta } = {
  schema: {
    id: 'schema',
    name: 'SchemaViolation',
    severity: 'error',
    title: 'Schema violation',
    description: 'The file breaks the design schema: a required field is missing, a field is unknown, or a value has the wrong type or an unknown value.',
  },
  'yaml-syntax': {
    id: 'yaml-syntax',
    name: 'YamlSyntaxError',
    severity: 'error',
    title: 'YAML syntax error',
    description: 'The file is not valid YAML, so it cannot be read as a design.',
  },
  'unknown-reference': {
    id: 'unknown-reference',
    name: 'UnknownComponentReference',
    severity: 'error',
    title: 'Unknown component reference',
    description: 'A dependsOn, consumes or accepted component entry names no component of the design.',
  },
  'single-replica': {
    id: 'single-replica',
    name: 'SingleReplica',
    severity: 'warning',
    title: 'Single replica',
    description: 'The component has one replica, so any failure that reaches that replica takes the component down.',
  },
  'quorum-unreachable': {
    id: 'quorum-unreachable',
    name: 'QuorumUnreachable',
    severity: 'error',
    title: 'Quorum unreachable',
    description: 'The quorum exceeds the replica count, or is below a majority for a state machine, so the component can never be safely up.',
  },
  'domain-concentration': {
    id: 'domain-concentration',
    name: 'DomainConcentration',
    severity: 'warning',
    title: 'Failure-domain concentration',
    description: 'The loss of one value of a tolerated failure-domain level (one host, rack, zone or region) leaves the component fewer healthy replicas than its quorum needs.',
  },
  'shared-version-and-config': {
    id: 'shared-version-and-config',
    name: 'SharedVersionAndConfig',
    severity: 'warning',
    title: 'Shared version and config',
    description: 'Every replica runs one version with one config and neither rollout is staged, so a bad release or a bad config push reaches every replica at once.',
  },
  'unstaged-rollout': {
    id: 'unstaged-rollout',
    name: 'UnstagedRollout',
    severity: 'warning',
    title: 'Unstaged rollout',
    description: "The first wave of a software or config rollout is too large for the component's quorum, so a bad release or a bad config push takes the component down.",
  },
  'poison-pill-halts-all': {
    id: 'poison-pill-halts-all',
    name: 'PoisonPillHaltsAll',
    severity: 'warning',
    title: 'Poison pill halts all replicas',
    description: "An event that none of its replicas can process stops enough replicas of one version to break the component's quorum.",
  },
  'poison-pill-data-loss': {
    id: 'poison-pill-data-loss',
    name: 'PoisonPillDataLoss',
    severity: 'warning',
    title: 'Poison pill data loss',
    description: 'The component skips events it cannot process (onPoisonPill: skip), so a poison pill is lost data rather than an outage.',
  },
  'dependency-bottleneck': {
    id: 'dependency-bottleneck',
    name: 'DependencyBottleneck',
    severity: 'warning',
    title: 'Dependency bottleneck',
    description: "The component's own replicas survive a failure, but a hard dependency does not, so the component goes down with it.",
  },
  'unknown-placement': {
    id: 'unknown-placement',
    name: 'UnknownPlacement',
    severity: 'information',
    title: 'Unknown placement',
    description: 'A tolerated failure-domain level is unset on some replicas, so tolerance of that level cannot be shown.',
  },
  'untolerated-exposure': {
    id: 'untolerated-exposure',
    name: 'UntoleratedExposure',
    severity: 'information',
    title: 'Untolerated exposure',
    description: 'The component is exposed to a threat class that the design does not claim to tolerate.',
  },
  'accepted-risk-expired': {
    id: 'accepted-risk-expired',
    name: 'AcceptedRiskExpired',
    severity: 'warning',
    title: 'Accepted risk expired',
    description: "An accepted entry's until date has passed, so it no longer silences anything.",
  },
  'shared-push': {
    id: 'shared-push',
    name: 'SharedPush',
    severity: 'warning',
    title: 'Shared push',
    description:
      'A shared item (an OS image, an agent, a runtime, a flag or rule set) is pushed to the replicas of many components at once, so one bad push takes components down however their own rollouts are staged.',
  },
  'version-monoculture': {
    id: 'version-monoculture',
    name: 'VersionMonoculture',
    severity: 'warning',
    title: 'Version monoculture',
    description: "The component claims to tolerate a latent software bug, but too many of its replicas run one version (its own or a shared item's) for its quorum to survive a bug in it.",
  },
};
