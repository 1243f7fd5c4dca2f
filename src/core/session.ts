/**
 * One open design over its versions: the single owner of what an edit keeps.
 *
 * A session holds the incremental analyzer (parsed chunks, component models, scenario
 * outcomes, each component's findings — incremental.ts says what each keeps and when) and
 * hands out one read-only `Snapshot` per version of the text. A snapshot never changes once
 * handed out: its result is typed read-only all the way down (types.ts), kept findings and
 * scenarios are shared with later snapshots only because nothing changes them, and parsed
 * chunks are never moved in place (a moved chunk is a shifted copy, chunked.ts). What the
 * language service derives from a result (indexes by id, the line scan, id occurrences) lives
 * as long as that result (derived.ts), so it is the snapshot's too.
 *
 * Quick fixes start from a snapshot, not from text: `fixer(snapshot)` proves candidates on a
 * fork of the session's analyzer, which already holds this version, so a code action costs
 * the analyses of its candidates' edits — each re-parses and rebuilds only what its edit
 * touched — and never the analysis of the document's own text, nor any change to the
 * session (its next version continues from its own last one).
 */
import type { DetailedAnalysis } from './analyze';
import { todayUtc } from './dates';
import { fixesOf } from './fixes';
import { IncrementalAnalyzer } from './incremental';
import type { AnalysisResult, AnalyzeOptions, Fix } from './types';

export interface Snapshot {
  /** The design text this version analysed. */
  readonly text: string;
  readonly options: Readonly<AnalyzeOptions>;
  readonly result: AnalysisResult;
  /** What this version took over from the one before: component models, scenarios, components' findings. */
  readonly kept: Readonly<IncrementalAnalyzer['kept']>;
  /** The parsed document, model and engine the quick fixes edit and reason with. */
  readonly detail: Readonly<DetailedAnalysis>;
}

/** What one code-action request proves its candidates with (see `DesignSession.fixer`). */
export interface Fixer {
  readonly snapshot: Snapshot;
  /** The proven fixes of the snapshot's finding with `key` (its `data.key`). */
  fixes(key: string): Fix[];
  /** Per analysis this fixer ran (one per candidate proven): chunks parsed and component models rebuilt. */
  readonly proofs: readonly { readonly parsed: number; readonly rebuilt: number }[];
}

export class DesignSession {
  private readonly analyzer = new IncrementalAnalyzer();
  private last: Snapshot | null = null;

  /** The latest version's snapshot, or null before the first `update`. */
  get snapshot(): Snapshot | null {
    return this.last;
  }

  /** The snapshot of this text: the latest one when text and options are the same, else a new version. */
  update(text: string, options: AnalyzeOptions = {}): Snapshot {
    // The day decided now: the same text analysed after midnight may have expired acceptances.
    const today = options.today ?? todayUtc();
    const last = this.last;
    if (last && last.text === text && last.options.today === today) return last;
    const pinned = Object.freeze({ ...options, today });
    const detail = this.analyzer.analyzeDetailed(text, pinned);
    return (this.last = Object.freeze({ text, options: pinned, result: detail.result, kept: Object.freeze({ ...this.analyzer.kept }), detail }));
  }

  /** The analysis of this text (a session stands in wherever a design analyzer is asked for). */
  analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
    return this.update(text, options).result;
  }

  /**
   * Fixes of `snapshot`'s findings (by default the latest), proven on one fork of this session
   * shared by every finding of one request (not kept after it: on a large design the candidates'
   * versions hold as much as the document's own). A fork taken after newer versions still gives
   * the same fixes: each reuse is checked against its exact inputs, so only the cost differs.
   */
  fixer(snapshot: Snapshot | null = this.last): Fixer | null {
    if (!snapshot) return null;
    let prover: IncrementalAnalyzer | null = null;
    const proofs: { parsed: number; rebuilt: number }[] = [];
    const prove = (text: string): DetailedAnalysis => {
      prover ??= this.analyzer.fork();
      const d = prover.analyzeDetailed(text, snapshot.options);
      const components = d.result.model?.components.length ?? 0;
      proofs.push({ parsed: prover.parser.stats.parsed, rebuilt: components - prover.kept.components });
      return d;
    };
    return { snapshot, proofs, fixes: (key) => fixesOf(snapshot.detail, snapshot.text, key, snapshot.options, prove) };
  }
}
