/**
 * Word lists for people, places and shop-floor chatter. Plain data; the
 * generator combines them with the PRNG so screens look like a real plant.
 */

export const firstNames = (
  'Aaron Abigail Adrian Aisha Alan Alicia Andre Angela Arjun Beatriz Ben Bianca Brandon ' +
  'Carla Carlos Chen Chloe Colin Dana Daniel Deepa Derek Diego Elena Emeka Erin Ethan ' +
  'Fatima Felix Gabriel Grace Hannah Hector Hiro Ibrahim Ines Isaac Ivan Jada Jamal ' +
  'Jasmine Javier Jenna Joel Jorge Julia Kai Karen Kofi Lars Laura Leon Lina Lucas Luis ' +
  'Maya Marco Maria Mateo Mei Miguel Mira Nadia Nathan Nina Noah Olga Omar Pablo Priya ' +
  'Rafael Rahul Rosa Ryan Sara Sean Sofia Tariq Tessa Tomas Uma Victor Wei Wendy Xavier ' +
  'Yara Yusuf Zara Zoe Kenji'
).split(' ');

export const lastNames = (
  'Adams Ahmed Alvarez Baker Bauer Bennett Brooks Campbell Castillo Chen Clarke Cohen ' +
  'Costa Diaz Dubois Evans Fischer Flores Garcia Gomez Gupta Hansen Hayes Hernandez ' +
  'Hughes Ito Jensen Johnson Kaur Kim Kowalski Larsen Lee Lopez Martin Meyer Moreno ' +
  'Murphy Nakamura Nguyen Novak Okafor Olsen Ortiz Patel Perez Petrov Quinn Ramirez ' +
  'Reyes Rossi Russo Santos Schmidt Silva Singh Sullivan Tanaka Torres Turner Vargas ' +
  'Walsh Weber Wong Yilmaz Young Zhang Ziegler'
).split(' ');

export interface SiteName {
  name: string;
  code: string;
  city: string;
  timezone: string;
}

export const siteNames: SiteName[] = [
  { name: 'North Plant', code: 'NP', city: 'Rockford, IL 61109', timezone: 'America/Chicago' },
  { name: 'South Plant', code: 'SP', city: 'Greenville, SC 29605', timezone: 'America/New_York' },
  { name: 'Riverside Works', code: 'RW', city: 'Dayton, OH 45414', timezone: 'America/New_York' },
  { name: 'Lakeside Facility', code: 'LF', city: 'Kenosha, WI 53144', timezone: 'America/Chicago' },
  {
    name: 'Westfield Assembly',
    code: 'WA',
    city: 'Fresno, CA 93725',
    timezone: 'America/Los_Angeles',
  },
  {
    name: 'Harbor Distribution Center',
    code: 'HD',
    city: 'Tacoma, WA 98421',
    timezone: 'America/Los_Angeles',
  },
  {
    name: 'Hillcrest Mill',
    code: 'HM',
    city: 'Chattanooga, TN 37406',
    timezone: 'America/New_York',
  },
  {
    name: 'Central Fabrication',
    code: 'CF',
    city: 'Wichita, KS 67219',
    timezone: 'America/Chicago',
  },
  {
    name: 'Eastgate Packaging',
    code: 'EP',
    city: 'Allentown, PA 18109',
    timezone: 'America/New_York',
  },
  { name: 'Mesa Components', code: 'MC', city: 'Mesa, AZ 85210', timezone: 'America/Phoenix' },
  { name: 'Summit Foundry', code: 'SF', city: 'Pueblo, CO 81001', timezone: 'America/Denver' },
  { name: 'Bayview Bottling', code: 'BB', city: 'Mobile, AL 36610', timezone: 'America/Chicago' },
];

export const streetNames = [
  'Industrial Pkwy',
  'Commerce Dr',
  'Foundry Rd',
  'Enterprise Blvd',
  'Mill St',
  'Logistics Way',
  'Factory Ln',
  'Technology Dr',
  'Rail Spur Rd',
  'Harbor Ave',
];

export const buildingNames = [
  'Main Production Building',
  'Assembly Hall',
  'Warehouse',
  'Utility Building',
  'Fabrication Shop',
  'Packaging Hall',
  'Process Building',
  'Maintenance Shop',
  'Office Block',
  'Boiler House',
];

export const holdReasons = [
  'Waiting for parts',
  'Awaiting production shutdown window',
  'Vendor technician scheduled',
  'Waiting for purchase order approval',
  'Needs engineering review',
  'Awaiting contractor (crane lift)',
  'Permit to work pending',
];

export const cancelReasons = [
  'Duplicate request',
  'Asset out of service during the scheduled window',
  'Combined with another work order',
  'Issue could not be reproduced',
  'Work done under warranty by the vendor',
  'Requested by mistake',
  'Superseded by capital replacement project',
];

export const commentBodies = [
  'On site now, isolating the equipment.',
  'LOTO applied, starting work.',
  'Found the root cause, replacing the worn part.',
  'Parts picked from stores.',
  'Needs a second pair of hands tomorrow morning.',
  'Production agreed to give us the line after the shift change.',
  'Checked with the operator, the noise started after the last changeover.',
  'Ordered replacement from the vendor, ETA three days.',
  'Readings are back within limits after adjustment.',
  'Test run OK, handed back to production.',
  'Please keep an eye on the vibration over the next week.',
  'Added to next shutdown list for a permanent fix.',
  'Photos attached of the damage.',
  'Cleaned and re-tensioned, no further issues.',
  'Is this still a problem? Please confirm.',
  'Confirmed fixed by the line lead.',
  'Guard was missing a fastener, replaced.',
  'Recommend adding this to the PM checklist.',
];

export const replyBodies = [
  'Thanks, noted.',
  'Approved, go ahead.',
  'Please log the parts against the WO.',
  'Copy that.',
  'Can you add the readings to the steps?',
  'Good catch, thanks.',
];

export const requestPhrases = [
  'Operator reports',
  'Line lead noticed',
  'Night shift reported',
  'Quality flagged',
  'Noticed during walk-through:',
  'Alarm on the HMI:',
];

/** Planned corrective work raised from inspection findings. */
export const followUpTasks = [
  'Replace worn coupling insert',
  'Refit loose guard panel',
  'Replace cracked hose',
  'Tighten loose terminals found on thermography',
  'Realign side guides',
  'Replace noisy idler roller',
  'Install missing grease fitting',
  'Repair damaged cable tray cover',
  'Replace faded safety labels',
  'Fix minor oil weep at flange',
];
