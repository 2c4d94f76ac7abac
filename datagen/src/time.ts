import type { Rng } from './prng';

/**
 * Time arithmetic in epoch milliseconds, all UTC. Every timestamp the seed
 * writes is derived from the anchor passed in, never from the wall clock.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const DEFAULT_ANCHOR = '2026-11-01T00:00:00Z';

/** How much history the generator writes before the anchor. */
export const HISTORY_YEARS = 3;

export function parseAnchor(anchor: string): number {
  const ms = Date.parse(anchor);
  if (Number.isNaN(ms)) throw new Error(`invalid anchor date: ${anchor}`);
  return ms;
}

const dayCache = new Map<number, string>();
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** 'YYYY-MM-DD' for a date column. */
export function isoDate(ms: number): string {
  const day = Math.floor(ms / DAY);
  let text = dayCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY).toISOString().slice(0, 10);
    dayCache.set(day, text);
  }
  return text;
}

/**
 * Timestamp for a timestamptz column, in whole seconds. Same text as
 * Date#toISOString, built from a per-day cache: the seed formats millions.
 */
export function iso(ms: number): string {
  const seconds = Math.floor((ms - Math.floor(ms / DAY) * DAY) / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${isoDate(ms)}T${pad(h)}:${pad(m)}:${pad(seconds % 60)}.000Z`;
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

export function addDays(ms: number, days: number): number {
  return ms + days * DAY;
}

/** Calendar month arithmetic; callers keep day-of-month ≤ 28 so no month clips it. */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + months,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  );
}

export function historyStart(anchorMs: number): number {
  return addMonths(startOfDay(anchorMs), -12 * HISTORY_YEARS);
}

/** Uniform instant in [from, to). */
export function between(rng: Rng, from: number, to: number): number {
  return from + Math.floor(rng.next() * Math.max(0, to - from));
}

/**
 * An instant on the given day during working hours (mostly day shift, some
 * evening and night), which is when requests and work actually happen.
 */
export function workingTime(rng: Rng, day: number): number {
  const shift = rng.weighted({ day: 75, evening: 18, night: 7 });
  const hour =
    shift === 'day' ? rng.int(6, 15) : shift === 'evening' ? rng.int(16, 21) : rng.int(22, 29);
  return startOfDay(day) + hour * HOUR + rng.int(0, 59) * MINUTE;
}
