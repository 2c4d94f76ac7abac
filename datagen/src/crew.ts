import type { Person, Team } from './model';
import type { Rng } from './prng';

/**
 * Who does the work: technicians based at the asset's site (any technician
 * when a site has none), one per job and a second on some longer ones.
 */
export class Crew {
  private readonly bySite = new Map<number, Person[]>();

  constructor(private readonly team: Team) {
    for (const tech of team.technicians) {
      const list = this.bySite.get(tech.siteIndex) ?? [];
      list.push(tech);
      this.bySite.set(tech.siteIndex, list);
    }
  }

  at(siteIndex: number): Person[] {
    return this.bySite.get(siteIndex) ?? this.team.technicians;
  }

  assign(rng: Rng, siteIndex: number, hours: number, preferred?: Person): Person[] {
    const local = this.at(siteIndex);
    const lead = preferred ?? rng.pick(local);
    if (local.length < 2 || !rng.chance(hours >= 3 ? 0.35 : 0.1)) return [lead];
    const helper = rng.pick(local.filter((p) => p !== lead));
    return [lead, helper];
  }
}
