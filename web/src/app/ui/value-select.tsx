import type { SelectHTMLAttributes } from 'react';
import { statusLabel } from './format';

type ValueSelectProps<T extends string> = Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'value' | 'onChange'
> & {
  /** The values offered. */
  values: readonly T[];
  value: string;
  /** How a value is shown (default `statusLabel`). */
  label?: (value: T) => string;
} & (
    | { onChange: (value: T) => void; anyLabel?: undefined }
    /** A filter: an extra first option, the empty value, labelled `anyLabel`. */
    | { onChange: (value: T | '') => void; anyLabel: string }
  );

/** A select over a fixed list of values (statuses, priorities, kinds). */
export function ValueSelect<T extends string>({
  values,
  value,
  label = statusLabel,
  onChange,
  anyLabel,
  ...select
}: ValueSelectProps<T>) {
  return (
    <select {...select} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
      {values.map((v) => (
        <option key={v} value={v}>
          {label(v)}
        </option>
      ))}
    </select>
  );
}
