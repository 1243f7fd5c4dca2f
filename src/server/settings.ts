/**
 * Per-resource settings. Clients that offer no `workspace/configuration` get the defaults;
 * short, null or malformed answers are merged over the defaults field by field.
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, RedundancySettings } from '../shared/protocol';
import { RULE_IDS } from '../core/types';

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

export function normalizeSettings(raw: unknown): RedundancySettings {
  const out: RedundancySettings = { diagnostics: { ...DEFAULT_SETTINGS.diagnostics }, rules: {} };
  if (!raw || typeof raw !== 'object') return out;
  const r = raw as { diagnostics?: { delay?: unknown }; rules?: unknown };
  const delay = r.diagnostics?.delay;
  if (typeof delay === 'number' && Number.isFinite(delay) && delay >= 0) out.diagnostics.delay = Math.min(delay, 10_000);
  if (r.rules && typeof r.rules === 'object') {
    for (const [rule, sev] of Object.entries(r.rules as Record<string, unknown>)) {
      if ((RULE_IDS as readonly string[]).includes(rule) && typeof sev === 'string' && SEVERITIES.has(sev)) out.rules[rule] = sev as RedundancySettings['rules'][string];
    }
  }
  return out;
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<RedundancySettings>>();
  supported = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<RedundancySettings> {
    if (!this.supported) return Promise.resolve(normalizeSettings(null));
    let p = this.cache.get(uri);
    if (!p) {
      p = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'redundancy' }).then(normalizeSettings, () => normalizeSettings(null));
      this.cache.set(uri, p);
    }
    return p;
  }

  forget(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }
}
