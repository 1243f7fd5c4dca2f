/**
 * The core's analysis time on generated designs of 1,000, 10,000 and 50,000 lines, split
 * into its phases: parse (the `yaml` library's full parse, and the chunked parse with the
 * fast subset parser that `analyze` uses), schema, model, scenarios, rules; `analyze` end to
 * end; and the incremental analysis (what the language server runs) of the next version after
 * a one-character edit in the middle of the file, replacing a character and inserting one.
 * Medians of several runs after a warm-up. Then quick fixes as the language server computes
 * them — from the document session's snapshot, proven on a fork (`DesignSession.fixer`) — for
 * the first warning of each rule, beside the cost of one edit of the same document: a code
 * action costs one such analysis per candidate. Run: `npm run bench:core`.
 */
import { ChunkedParser } from '../src/core/chunked';
import { buildModel } from '../src/core/model';
import { parseDesign } from '../src/core/parse';
import { runRules } from '../src/core/rules';
import { buildMatrix, runScenarios, toOutcomes } from '../src/core/scenarios';
import { validateDesign } from '../src/core/validate';
import { analyze } from '../src/core/analyze';
import { DesignSession } from '../src/core/session';
import { IncrementalAnalyzer } from '../src/core/incremental';
import { generateDesign } from './generate';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

const rows: string[] = [];
for (const lines of SIZES) {
  const text = generateDesign(lines);
  const phases: Record<string, number[]> = { parse: [], chunked: [], schema: [], model: [], scenarios: [], rules: [], total: [], analyze: [], replace: [], insert: [] };
  let shape = '';
  // A version digit in the middle of the file, as in the language-server benchmark.
  const at = text.indexOf('@1.', Math.floor(text.length / 2)) + 3;
  const incremental = new IncrementalAnalyzer();
  incremental.analyze(text, { today: '2026-11-26' });
  for (let run = 0; run < RUNS + 1; run++) {
    const [, tChunked] = time(() => new ChunkedParser().parse(text));
    const [parsed, tParse] = time(() => parseDesign(text));
    const [problems, tSchema] = time(() => validateDesign(parsed));
    const [build, tModel] = time(() =>
      buildModel(
        parsed,
        problems.map((p) => p.path),
      ),
    );
    const model = build.model!;
    const [{ engine, matrix }, tScen] = time(() => {
      const engine = runScenarios(model);
      const matrix = buildMatrix(model, engine);
      toOutcomes(model, engine);
      return { engine, matrix };
    });
    const [{ findings }, tRules] = time(() => runRules({ model, engine, matrix, build, today: '2026-11-26' }));
    const [, tAnalyze] = time(() => analyze(text, { today: '2026-11-26' }));
    const replaced = text.slice(0, at) + String(run % 10) + text.slice(at + 1);
    const [, tReplace] = time(() => incremental.analyze(replaced, { today: '2026-11-26' }));
    const [, tInsert] = time(() => incremental.analyze(text.slice(0, at) + '7' + text.slice(at), { today: '2026-11-26' }));
    incremental.analyze(text, { today: '2026-11-26' });
    if (run === 0) {
      const replicas = model.components.reduce((n, c) => n + c.replicas.length, 0);
      shape = `${model.components.length} components, ${replicas} replicas, ${engine.runs.length} scenarios, ${findings.length} findings`;
      continue; // warm-up
    }
    phases.parse.push(tParse);
    phases.chunked.push(tChunked);
    phases.schema.push(tSchema);
    phases.model.push(tModel);
    phases.scenarios.push(tScen);
    phases.rules.push(tRules);
    phases.total.push(tParse + tSchema + tModel + tScen + tRules);
    phases.analyze.push(tAnalyze);
    phases.replace.push(tReplace);
    phases.insert.push(tInsert);
  }
  const m = (k: string) => median(phases[k]).toFixed(1).padStart(8);
  rows.push(
    `| ${String(lines).padStart(6)} | ${m('parse')} | ${m('chunked')} | ${m('schema')} | ${m('model')} | ${m('scenarios')} | ${m('rules')} | ${m('analyze')} | ${m('replace')} | ${m('insert')} | ${shape} |`,
  );
}
console.log(`Node ${process.version}, median of ${RUNS} runs, milliseconds`);
console.log('|  lines | parse (yaml) | parse (chunked) |   schema |    model | scenarios |   rules |  analyze | edit: replace | edit: insert | design |');
console.log('|-------:|---------:|---------:|---------:|---------:|---------:|---------:|---------:|---------:|---------:|--------|');
for (const r of rows) console.log(r);

console.log('');
console.log('Quick fixes from the session (first warning of each rule, one code action each after a warm-up), milliseconds');
console.log('|  lines | rule | fixes offered | candidates proven | code action | per proof | one edit (median) |');
console.log('|-------:|------|---:|---:|---:|---:|---:|');
for (const lines of SIZES) {
  const text = generateDesign(lines);
  const opts = { today: '2026-11-26' };
  const session = new DesignSession();
  const snapshot = session.update(text, opts);
  // One edit of the document, there and back: what the session pays per keystroke.
  const at = text.indexOf('version: ', text.length / 2) + 'version: '.length;
  const edited = `${text.slice(0, at)}x${text.slice(at + 1)}`;
  const edits: number[] = [];
  for (let i = 0; i < 6; i++) edits.push(time(() => session.update(i % 2 ? text : edited, opts))[1]);
  session.update(text, opts);
  const edit = median(edits);
  const firstOfRule = new Map<string, string>();
  for (const f of snapshot.result.findings) if (f.severity === 'warning' && !firstOfRule.has(f.rule)) firstOfRule.set(f.rule, f.data.key);
  session.fixer()!.fixes([...firstOfRule.values()][0]);
  for (const [rule, key] of firstOfRule) {
    const fixer = session.fixer()!;
    const [fixes, ms] = time(() => fixer.fixes(key));
    const proofs = fixer.proofs.length;
    console.log(`| ${String(lines).padStart(6)} | ${rule} | ${fixes.length} | ${proofs} | ${ms.toFixed(0)} | ${(ms / Math.max(1, proofs)).toFixed(0)} | ${edit.toFixed(0)} |`);
  }
}
