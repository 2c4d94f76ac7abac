import { Rng } from './prng';
import { planSizes, type Sizes } from './sizes';
import { DAY, DEFAULT_ANCHOR, historyStart, parseAnchor } from './time';

export interface SeedOptions {
  /** 1 ≈ 500 assets and 5,000 work orders; fractions are allowed (tests use 0.05). */
  scale: number;
  seed: number;
  slug: string;
  name: string;
  /** "Now" for the generated history (ISO timestamp); not the wall clock, so output is reproducible. */
  anchor?: string;
}

/** What every generator step shares: the tenant, the clock and the root random stream. */
export interface SeedContext {
  rng: Rng;
  tenantId: string;
  slug: string;
  name: string;
  /** Epoch ms of "now". */
  anchor: number;
  /** Epoch ms where work-order history begins (three years before the anchor). */
  start: number;
  /** When the tenant was set up: a few weeks before its history. */
  onboarded: number;
  sizes: Sizes;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function createContext(options: SeedOptions): SeedContext {
  if (!SLUG.test(options.slug)) {
    throw new Error(`slug must be lower-case letters, digits and dashes, got "${options.slug}"`);
  }
  if (!Number.isSafeInteger(options.seed)) throw new Error(`seed must be an integer`);
  const anchor = parseAnchor(options.anchor ?? DEFAULT_ANCHOR);
  const start = historyStart(anchor);
  // The key deliberately omits the scale: ids of the tenant, users and roles
  // stay the same when only the size changes.
  const rng = new Rng(`plantkeep-seed:${options.seed}:${options.slug}`);
  return {
    rng,
    tenantId: rng.fork('tenant').uuid(),
    slug: options.slug,
    name: options.name,
    anchor,
    start,
    onboarded: start - 30 * DAY,
    sizes: planSizes(options.scale),
  };
}
