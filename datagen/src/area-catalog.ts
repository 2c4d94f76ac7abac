import type { MachineKey } from './equipment-catalog';

/**
 * Leaf locations (lines, rooms, areas) and the equipment that stands in
 * each: pumps in the pump room, CNC machines in machining cells. Assets are
 * generated area by area, so placement is always plausible.
 */
export interface AreaTemplate {
  name: string;
  kind: 'line' | 'room' | 'area';
  /** Relative frequency among a floor's areas. */
  weight: number;
  /** How many machines stand here. */
  machines: readonly [number, number];
  equipment: Partial<Record<MachineKey, number>>;
}

export const areaTemplates: readonly AreaTemplate[] = [
  {
    name: 'Packaging Line',
    kind: 'line',
    weight: 10,
    machines: [4, 9],
    equipment: { conveyor: 5, packaging: 6, robot: 1 },
  },
  {
    name: 'Bottling Line',
    kind: 'line',
    weight: 5,
    machines: [5, 10],
    equipment: { conveyor: 5, packaging: 6, pump: 2 },
  },
  {
    name: 'Assembly Line',
    kind: 'line',
    weight: 8,
    machines: [4, 9],
    equipment: { conveyor: 5, robot: 3, press: 1, packaging: 1 },
  },
  {
    name: 'Machining Cell',
    kind: 'line',
    weight: 8,
    machines: [3, 7],
    equipment: { cnc: 8, robot: 1, conveyor: 1 },
  },
  {
    name: 'Stamping Line',
    kind: 'line',
    weight: 4,
    machines: [3, 6],
    equipment: { press: 6, conveyor: 3, robot: 1 },
  },
  {
    name: 'Extrusion Line',
    kind: 'line',
    weight: 3,
    machines: [4, 7],
    equipment: { pump: 3, conveyor: 3, press: 1, robot: 1 },
  },
  {
    name: 'Compressor Room',
    kind: 'room',
    weight: 4,
    machines: [2, 5],
    equipment: { compressor: 8, pump: 1 },
  },
  { name: 'Pump Room', kind: 'room', weight: 4, machines: [3, 8], equipment: { pump: 10 } },
  {
    name: 'Electrical Room',
    kind: 'room',
    weight: 4,
    machines: [2, 5],
    equipment: { panel: 6, generator: 1 },
  },
  {
    name: 'Mechanical Room',
    kind: 'room',
    weight: 4,
    machines: [2, 6],
    equipment: { hvac: 5, pump: 4, boiler: 1 },
  },
  {
    name: 'Boiler Room',
    kind: 'room',
    weight: 2,
    machines: [2, 4],
    equipment: { boiler: 5, pump: 4 },
  },
  {
    name: 'Roof',
    kind: 'area',
    weight: 4,
    machines: [2, 8],
    equipment: { hvac: 10, coolingTower: 1 },
  },
  {
    name: 'Loading Dock',
    kind: 'area',
    weight: 3,
    machines: [2, 6],
    equipment: { forklift: 6, conveyor: 2 },
  },
  {
    name: 'Raw Material Storage',
    kind: 'area',
    weight: 2,
    machines: [2, 5],
    equipment: { forklift: 5, conveyor: 1 },
  },
  {
    name: 'Finished Goods Storage',
    kind: 'area',
    weight: 2,
    machines: [2, 5],
    equipment: { forklift: 5, conveyor: 2, packaging: 1 },
  },
  {
    name: 'Cooling Tower Yard',
    kind: 'area',
    weight: 2,
    machines: [1, 3],
    equipment: { coolingTower: 6, pump: 4 },
  },
  {
    name: 'Wastewater Treatment',
    kind: 'area',
    weight: 1,
    machines: [2, 5],
    equipment: { pump: 8, compressor: 2 },
  },
  {
    name: 'Paint Shop',
    kind: 'area',
    weight: 2,
    machines: [2, 5],
    equipment: { dustCollector: 4, hvac: 3, conveyor: 3, robot: 2 },
  },
  {
    name: 'Generator Yard',
    kind: 'area',
    weight: 1,
    machines: [1, 2],
    equipment: { generator: 5 },
  },
];

export const areaWeights: Record<string, number> = Object.fromEntries(
  areaTemplates.map((a) => [a.name, a.weight]),
);

export function areaByName(name: string): AreaTemplate {
  const area = areaTemplates.find((a) => a.name === name);
  if (!area) throw new Error(`unknown area ${name}`);
  return area;
}
