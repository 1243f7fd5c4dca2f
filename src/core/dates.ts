/**
 * Calendar dates as the format writes them (`accepted.until`): YYYY-MM-DD, in UTC so that a
 * design's expiry does not depend on the machine's time zone. The one owner of "today".
 */

/** Today (UTC) as YYYY-MM-DD: the default `today` of the analysis, the fixes, the CLI and the server. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** `isoDate` plus `days` calendar days, as YYYY-MM-DD. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return todayUtc(d);
}
