import { describe, expect, it } from 'vitest';
import { filterAssets, type AssetChoice } from './asset-filter';

const asset = (n: number, tag: string, name: string, archived = false): AssetChoice => ({
  id: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
  tag,
  name,
  archived,
});

const pump = asset(1, 'PMP-10', 'Feed pump');
const pump2 = asset(2, 'PMP-2', 'Return pump');
const conveyor = asset(3, 'CNV-1', 'Conveyor 3');
const oldPump = asset(4, 'PMP-1', 'Old pump', true);
const all = [pump, pump2, conveyor, oldPump];
const labels = (options: { label: string }[]) => options.map((o) => o.label);

describe('asset picker filter', () => {
  it('lists every asset in tag order (numbers by value) for a blank search, archived ones left out', () => {
    expect(labels(filterAssets(all, '  ', ''))).toEqual([
      'CNV-1 · Conveyor 3',
      'PMP-2 · Return pump',
      'PMP-10 · Feed pump',
    ]);
  });

  it('matches the tag or the name, ignoring case and surrounding blanks', () => {
    expect(labels(filterAssets(all, ' pmp ', ''))).toEqual([
      'PMP-2 · Return pump',
      'PMP-10 · Feed pump',
    ]);
    expect(labels(filterAssets(all, 'CONVEYOR', ''))).toEqual(['CNV-1 · Conveyor 3']);
    expect(filterAssets(all, 'boiler', '')).toEqual([]);
  });

  it('keeps the selected asset first even when it does not match or is archived', () => {
    expect(labels(filterAssets(all, 'conv', pump.id))).toEqual([
      'PMP-10 · Feed pump',
      'CNV-1 · Conveyor 3',
    ]);
    expect(labels(filterAssets(all, '', oldPump.id.toUpperCase()))).toEqual([
      'PMP-1 · Old pump',
      'CNV-1 · Conveyor 3',
      'PMP-2 · Return pump',
      'PMP-10 · Feed pump',
    ]);
    // An id that is not in the replica (yet) adds nothing.
    expect(filterAssets(all, 'conv', '00000000-0000-4000-8000-000000000099')).toHaveLength(1);
  });

  it('lists at most `limit` options, the selected one included', () => {
    const many = Array.from({ length: 80 }, (_, i) => asset(i + 10, `A-${i}`, `Asset ${i}`));
    expect(filterAssets(many, '', '')).toHaveLength(50);
    const chosen = many[79]!;
    const options = filterAssets(many, '', chosen.id, 3);
    expect(options.map((o) => o.id)).toEqual([chosen.id, many[0]!.id, many[1]!.id]);
    expect(options[0]).toEqual({ id: chosen.id, label: 'A-79 · Asset 79' });
  });
});
