import { quoteIdent, replicaTables, type ReplicaTableShape } from '@plantkeep/migrations/replica';

const byName = new Map(replicaTables().map((t) => [t.name, t]));

export function replicaTableByName(name: string): ReplicaTableShape {
  const table = byName.get(name);
  if (!table) throw new Error(`${name} is not a replica table`);
  return table;
}

export { quoteIdent as quoteIdentifier };
