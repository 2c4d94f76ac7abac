/**
 * Failure modes: what breaks, how it shows, why, and what fixed it. A
 * corrective work order draws one; its code lands in work_orders.failure_code
 * and asset_downtime.failure_code so MTBF can be grouped by cause.
 */

export interface FailureMode {
  code: string;
  category: string;
  symptoms: readonly string[];
  causes: readonly string[];
  resolutions: readonly string[];
  /** Part families typically consumed by the repair. */
  parts: readonly string[];
  /** Median repair hours. */
  hours: number;
}

const modes: readonly FailureMode[] = [
  {
    code: 'BRG-WEAR',
    category: 'Mechanical',
    symptoms: ['Excessive vibration', 'Grinding noise from drive end', 'Bearing running hot'],
    causes: [
      'Bearing worn (lubrication starvation)',
      'Bearing failure from misalignment',
      'Contaminated grease',
    ],
    resolutions: [
      'Replaced bearings, regreased and realigned coupling',
      'Replaced drive-end bearing, checked alignment with laser tool',
    ],
    parts: ['bearing', 'grease'],
    hours: 4,
  },
  {
    code: 'SEAL-LEAK',
    category: 'Mechanical',
    symptoms: [
      'Leaking at mechanical seal',
      'Fluid dripping from shaft',
      'Oil leak at gearbox output seal',
    ],
    causes: ['Seal faces worn', 'Seal run dry at start-up', 'Shaft sleeve scored'],
    resolutions: ['Replaced mechanical seal and flushed', 'Replaced lip seal, topped up oil'],
    parts: ['seal', 'lubricant'],
    hours: 3.5,
  },
  {
    code: 'BELT-WEAR',
    category: 'Mechanical',
    symptoms: ['Belt squealing on start-up', 'Belt slipping under load', 'Belt frayed'],
    causes: ['Belt stretched beyond adjustment', 'Pulley misalignment', 'Belt glazed by slippage'],
    resolutions: ['Replaced belt set and re-tensioned', 'Aligned pulleys, replaced belts'],
    parts: ['belt'],
    hours: 1.5,
  },
  {
    code: 'CONV-TRACK',
    category: 'Mechanical',
    symptoms: [
      'Conveyor belt tracking off to one side',
      'Product jamming at transfer',
      'Frequent jams at infeed',
    ],
    causes: ['Seized idler roller', 'Worn wear strips', 'Guide rails out of adjustment'],
    resolutions: ['Replaced idler and adjusted tracking', 'Replaced wear strips, adjusted guides'],
    parts: ['conveyor'],
    hours: 2,
  },
  {
    code: 'MTR-OVLD',
    category: 'Electrical',
    symptoms: ['Motor tripping on overload', 'Motor will not start', 'Breaker tripping'],
    causes: [
      'Phase imbalance from loose terminal',
      'Contactor contacts pitted',
      'Overload set too low',
    ],
    resolutions: [
      'Tightened terminals, replaced contactor',
      'Replaced overload relay, verified current draw',
    ],
    parts: ['electrical'],
    hours: 2,
  },
  {
    code: 'ELEC-PWR',
    category: 'Electrical',
    symptoms: ['No power to unit', 'Control panel dead', 'Intermittent power loss'],
    causes: ['Blown control fuse', 'Loose neutral connection', 'Failed 24 V supply'],
    resolutions: ['Replaced fuse, traced short to damaged cable', 'Repaired connection and tested'],
    parts: ['electrical'],
    hours: 1.5,
  },
  {
    code: 'SNS-FAIL',
    category: 'Instrumentation',
    symptoms: ['Sensor fault alarm on HMI', 'False part-present signal', 'Pressure reading frozen'],
    causes: [
      'Sensor damaged by impact',
      'Cable chafed through',
      'Transmitter drifted out of calibration',
    ],
    resolutions: [
      'Replaced sensor and adjusted sensing distance',
      'Replaced transmitter, calibrated loop',
    ],
    parts: ['sensor'],
    hours: 1.25,
  },
  {
    code: 'HYD-LEAK',
    category: 'Hydraulic',
    symptoms: ['Hydraulic oil leak', 'Slow cylinder movement', 'Low hydraulic pressure alarm'],
    causes: ['Hose burst at crimp', 'Fitting loosened by vibration', 'Cylinder seals worn'],
    resolutions: ['Replaced hose assembly and topped up oil', 'Resealed cylinder, cleaned spill'],
    parts: ['hydraulic', 'lubricant'],
    hours: 3,
  },
  {
    code: 'AIR-LEAK',
    category: 'Pneumatic',
    symptoms: ['Audible air leak', 'Cylinder not extending fully', 'Low air pressure at machine'],
    causes: ['Push-in fitting worn', 'Valve spool sticking', 'Air line cut'],
    resolutions: ['Replaced fittings and tubing', 'Replaced solenoid valve'],
    parts: ['pneumatic'],
    hours: 1,
  },
  {
    code: 'OVERHEAT',
    category: 'Mechanical',
    symptoms: [
      'High temperature alarm',
      'Unit running hot',
      'Shut down on high discharge temperature',
    ],
    causes: ['Cooler fins blocked with dust', 'Low oil level', 'Cooling fan failed'],
    resolutions: ['Cleaned cooler, replaced oil and filter', 'Replaced cooling fan motor'],
    parts: ['filter', 'lubricant'],
    hours: 2.5,
  },
  {
    code: 'FLOW-LOW',
    category: 'Mechanical',
    symptoms: ['Low discharge pressure', 'Reduced flow', 'Cavitation noise'],
    causes: ['Suction strainer clogged', 'Impeller worn', 'Air entering suction line'],
    resolutions: ['Cleaned strainer, replaced filter', 'Replaced impeller and wear ring'],
    parts: ['filter', 'seal'],
    hours: 3,
  },
  {
    code: 'HVAC-COOL',
    category: 'HVAC',
    symptoms: ['Not cooling', 'Space temperature high', 'Compressor short cycling'],
    causes: ['Refrigerant leak at brazed joint', 'Failed run capacitor', 'Condenser coil dirty'],
    resolutions: ['Repaired leak, evacuated and recharged', 'Replaced capacitor, cleaned coil'],
    parts: ['hvac', 'air-filter'],
    hours: 3.5,
  },
  {
    code: 'BURNER',
    category: 'Boiler',
    symptoms: ['Burner lockout', 'Flame failure alarm', 'Low steam pressure'],
    causes: ['Flame rod fouled', 'Igniter worn', 'Gas valve sticking'],
    resolutions: ['Cleaned flame rod, replaced igniter, combustion test OK', 'Replaced gas valve'],
    parts: ['burner'],
    hours: 3,
  },
  {
    code: 'CNC-AXIS',
    category: 'Machine Tool',
    symptoms: ['Axis servo alarm', 'Positioning error on X axis', 'Spindle chatter'],
    causes: ['Encoder cable damaged', 'Way wipers worn, chips in ways', 'Drawbar springs weak'],
    resolutions: [
      'Replaced encoder cable, re-homed axes',
      'Replaced way wipers, cleaned ways',
      'Replaced drawbar spring kit',
    ],
    parts: ['machine-tool'],
    hours: 5,
  },
  {
    code: 'DRIVE-FLT',
    category: 'Electrical',
    symptoms: ['Drive fault on VFD', 'Overvoltage trip', 'Drive cooling fan noisy'],
    causes: ['Drive cooling fan failed', 'Decel time too short', 'Dust build-up in heatsink'],
    resolutions: ['Replaced drive fan, cleaned heatsink', 'Adjusted ramp parameters, reset'],
    parts: ['electrical'],
    hours: 1.5,
  },
  {
    code: 'GEAR-WEAR',
    category: 'Mechanical',
    symptoms: ['Gearbox noisy', 'Gearbox oil leak', 'Backlash at output shaft'],
    causes: ['Gear teeth pitted', 'Low oil level', 'Output bearing worn'],
    resolutions: ['Changed oil, replaced output seal', 'Rebuilt gearbox with new bearings'],
    parts: ['lubricant', 'bearing', 'seal'],
    hours: 6,
  },
  {
    code: 'FLEET',
    category: 'Fleet',
    symptoms: ['Forklift will not start', 'Tire chunking', 'Mast chain noisy', 'Brakes soft'],
    causes: [
      'Battery cell failed',
      'Tire worn past wear line',
      'Chain dry and stretched',
      'Brake shoes worn',
    ],
    resolutions: [
      'Replaced battery cell, equalized charge',
      'Pressed on new tires',
      'Replaced brake shoes',
    ],
    parts: ['fleet'],
    hours: 2.5,
  },
  {
    code: 'SAFETY',
    category: 'Safety',
    symptoms: ['Guard interlock fault', 'E-stop will not reset', 'Light curtain muting fault'],
    causes: ['Interlock switch damaged', 'E-stop contact block failed', 'Light curtain misaligned'],
    resolutions: [
      'Replaced interlock switch, tested safety circuit',
      'Realigned light curtain, tested',
    ],
    parts: ['safety'],
    hours: 1.5,
  },
];

const byCode = new Map(modes.map((m) => [m.code, m]));

export function failureMode(code: string): FailureMode {
  const mode = byCode.get(code);
  if (!mode) throw new Error(`unknown failure mode ${code}`);
  return mode;
}
