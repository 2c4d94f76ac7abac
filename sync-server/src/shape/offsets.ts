import { AppError } from '@plantkeep/shared';

/**
 * Shape offsets (docs/SPEC.md SH-3):
 * - `-1`: from the start (initial snapshot);
 * - `now`: skip the snapshot, start at the current head;
 * - `0_<k>`: snapshot chunks 0..k delivered (below every real LSN, which start at 1);
 * - `<lsn>_<op>` with lsn ≥ 1: every change with an LSN ≤ lsn delivered.
 */
export type ParsedOffset =
  | { kind: 'start' }
  | { kind: 'now' }
  | { kind: 'snapshot'; chunk: number }
  | { kind: 'log'; lsn: bigint };

const pattern = /^(\d{1,19})_(\d{1,9}|inf)$/;

export function parseOffset(raw: string | undefined): ParsedOffset {
  if (raw === undefined || raw === '-1') return { kind: 'start' };
  if (raw === 'now') return { kind: 'now' };
  const match = pattern.exec(raw);
  if (!match?.[1] || !match[2]) {
    throw new AppError('VALIDATION', 'offset must be -1, now or <lsn>_<position>', { offset: raw });
  }
  const lsn = BigInt(match[1]);
  if (lsn === 0n) {
    if (match[2] === 'inf')
      throw new AppError('VALIDATION', 'offset 0_inf is not a snapshot position');
    return { kind: 'snapshot', chunk: Number(match[2]) };
  }
  return { kind: 'log', lsn };
}

export const snapshotOffset = (chunk: number) => `0_${chunk}`;
export const logOffset = (lsn: bigint | number | string, position: number | string = 0) =>
  `${lsn}_${position}`;
