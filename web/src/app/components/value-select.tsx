import { statusLabel } from '../work-order-format';

type ValueSelectProps<T extends string> = {
  /** The values offered, each shown by its label (`statusLabel`). */
  values: readonly T[];
  value: string;
  name?: string;
} & (
  | { onChange: (value: T) => void; anyLabel?: undefined }
  /** A filter: an extra first option, the empty value, labelled `anyLabel`. */
  | { onChange: (value: T | '') => void; anyLabel: string }
);

/** A select over a fixed list of values (statuses, priorities, kinds). */
export function ValueSelect<T extends string>({
  values,
  value,
  name,
  onChange,
  anyLabel,
}: ValueSelectProps<T>) {
  return (
    <select name={name} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
      {values.map((v) => (
        <option key={v} value={v}>
          {statusLabel(v)}
        </option>
      ))}
    </select>
  );
}
