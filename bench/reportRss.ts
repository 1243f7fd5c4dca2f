/** Loaded with `node --require` by shapes.bench.ts: prints the process's peak RSS on exit. */
process.on('exit', () => {
  process.stderr.write(`peak-rss-mb ${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
});
