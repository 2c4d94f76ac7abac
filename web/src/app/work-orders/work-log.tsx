import { signaturePurposes, type SignaturePurpose } from '@plantkeep/shared';
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { useMutate } from '../../runtime/use-mutate';
import { asDate, formatDate, formatTime } from '../ui/format';
import { messageOf } from './use-work-order-doc';

const uuid = () => globalThis.crypto.randomUUID();
const nowIso = () => new Date().toISOString();
const ms = (v: Date | string | null) => asDate(v)?.getTime() ?? 0;

function duration(totalMs: number): string {
  const s = Math.max(0, Math.floor(totalMs / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

/** Re-renders every second while `active`. */
function useClock(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** Time log: start / stop a timer (timeLog.add, timeLog.stop) and the logged time. */
export function TimeLog({ workOrderId, canWork }: { workOrderId: string; canWork: boolean }) {
  const { actor } = useRuntime();
  const mutate = useMutate();
  const [problem, setProblem] = useState<string>();
  const logs =
    useLiveQuery<{
      id: string;
      user_id: string;
      name: string | null;
      started_at: Date | string;
      ended_at: Date | string | null;
    }>(
      `select t.id, t.user_id, u.name, t.started_at, t.ended_at
         from time_logs t left join users u on u.id = t.user_id
        where t.work_order_id = $1 order by t.started_at desc`,
      [workOrderId],
    ).rows ?? [];
  const running = logs.find((l) => l.user_id === actor.userId && l.ended_at === null);
  const now = useClock(running !== undefined);
  const total = logs.reduce(
    (sum, l) => sum + ((l.ended_at === null ? now : ms(l.ended_at)) - ms(l.started_at)),
    0,
  );
  const act = async (name: string, args: unknown) => {
    setProblem(undefined);
    try {
      await mutate(name, args);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <div className="time-log" data-testid="time-log">
      <div className="step-controls">
        {running ? (
          <>
            <span className="timer" data-testid="timer">
              {duration(now - ms(running.started_at))}
            </span>
            <button
              type="button"
              className="danger"
              data-testid="timer-stop"
              onClick={() => void act('timeLog.stop', { id: running.id, endedAt: nowIso() })}
            >
              Stop timer
            </button>
          </>
        ) : canWork ? (
          <button
            type="button"
            className="primary"
            data-testid="timer-start"
            onClick={() =>
              void act('timeLog.add', { id: uuid(), workOrderId, startedAt: nowIso() })
            }
          >
            Start timer
          </button>
        ) : null}
        <span>Total logged: {duration(total)}</span>
      </div>
      {problem ? <p className="notice error">{problem}</p> : null}
      {logs.length ? (
        <ul className="work-list">
          {logs.map((l) => (
            <li key={l.id}>
              <span>{l.name ?? 'Someone'}</span>
              <span>
                {formatDate(l.started_at)} {formatTime(ms(l.started_at))} –{' '}
                {l.ended_at === null ? 'running' : formatTime(ms(l.ended_at))}
              </span>
              <span>
                {duration((l.ended_at === null ? now : ms(l.ended_at)) - ms(l.started_at))}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Parts used on the work order; adding one issues it from a stock location (partUsed.add). */
export function PartsUsed({ workOrderId, canWork }: { workOrderId: string; canWork: boolean }) {
  const mutate = useMutate();
  const [partId, setPartId] = useState('');
  const [locationId, setLocationId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [search, setSearch] = useState('');
  const [problem, setProblem] = useState<string>();
  const used =
    useLiveQuery<{ id: string; part: string | null; quantity: string; unit: string | null }>(
      `select pu.id, p.part_number || ' · ' || p.name as part, pu.quantity::text as quantity, p.unit
         from parts_used pu left join parts p on p.id = pu.part_id
        where pu.work_order_id = $1 order by pu.used_at`,
      [workOrderId],
    ).rows ?? [];
  const parts =
    useLiveQuery<{ id: string; label: string }>(
      `select id, part_number || ' · ' || name as label from parts
        where archived_at is null
          and ($1 = '' or name ilike '%' || $1 || '%' or part_number ilike '%' || $1 || '%')
        order by part_number limit 50`,
      [search.trim()],
    ).rows ?? [];
  const locations =
    useLiveQuery<{ id: string; label: string }>(
      `select id, code || ' · ' || name as label from stock_locations
        where archived_at is null order by code`,
    ).rows ?? [];
  const chosenLocation = locationId || locations[0]?.id || '';
  const add = async () => {
    setProblem(undefined);
    if (!partId || !chosenLocation) return setProblem('Pick a part and a stock location');
    try {
      await mutate('partUsed.add', {
        id: uuid(),
        movementId: uuid(),
        workOrderId,
        partId,
        stockLocationId: chosenLocation,
        quantity: quantity.trim(),
        usedAt: nowIso(),
      });
      setPartId('');
      setQuantity('1');
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <div className="parts-used" data-testid="parts-used">
      {used.length === 0 ? <p className="empty">No parts recorded.</p> : null}
      <ul className="work-list">
        {used.map((u) => (
          <li key={u.id}>
            <span>{u.part ?? 'Part'}</span>
            <span>
              {u.quantity} {u.unit ?? ''}
            </span>
          </li>
        ))}
      </ul>
      {canWork ? (
        <form
          className="work-log-form"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3>Record a part used</h3>
          <input
            placeholder="Search parts"
            aria-label="Search parts"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <select
            name="part"
            aria-label="Part"
            value={partId}
            onChange={(e) => setPartId(e.target.value)}
            required
          >
            <option value="">Choose a part…</option>
            {parts.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
          <select
            name="stock-location"
            aria-label="Stock location"
            value={chosenLocation}
            onChange={(e) => setLocationId(e.target.value)}
          >
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
          <input
            name="quantity"
            aria-label="Quantity"
            inputMode="decimal"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            style={{ width: '6rem' }}
          />
          <button type="submit" className="primary" data-testid="part-add">
            Add part
          </button>
        </form>
      ) : null}
      {problem ? <p className="notice error">{problem}</p> : null}
    </div>
  );
}

const purposeLabel: Record<SignaturePurpose, string> = {
  completion: 'Completion',
  verification: 'Verification',
  handover: 'Handover',
};

/** Signatures: existing ones, and a pad (pointer events on a canvas → PNG data URL → signature.add). */
export function Signatures({ workOrderId, canWork }: { workOrderId: string; canWork: boolean }) {
  const { user } = useRuntime();
  const mutate = useMutate();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [inked, setInked] = useState(false);
  const [open, setOpen] = useState(false);
  const [signer, setSigner] = useState(user.name);
  const [purpose, setPurpose] = useState<SignaturePurpose>('completion');
  const [problem, setProblem] = useState<string>();
  const signatures =
    useLiveQuery<{
      id: string;
      signer_name: string;
      purpose: SignaturePurpose;
      image: string;
      signed_at: Date | string;
    }>(
      `select id, signer_name, purpose::text as purpose, image, signed_at from signatures
        where work_order_id = $1 order by signed_at`,
      [workOrderId],
    ).rows ?? [];

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const c = e.currentTarget;
    const r = c.getBoundingClientRect();
    return {
      x: ((e.clientX - r.left) * c.width) / r.width,
      y: ((e.clientY - r.top) * c.height) / r.height,
    };
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const p = point(e);
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#1b1f1c';
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    const p = point(e);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    setInked(true);
  };
  const up = () => {
    drawing.current = false;
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    setInked(false);
  };
  const save = async () => {
    setProblem(undefined);
    const c = canvas.current;
    if (!c || !inked) return setProblem('Sign in the box first');
    try {
      await mutate('signature.add', {
        id: uuid(),
        workOrderId,
        signerName: signer.trim() || user.name,
        purpose,
        image: c.toDataURL('image/png'),
        signedAt: nowIso(),
      });
      clear();
      setOpen(false);
    } catch (error) {
      setProblem(messageOf(error));
    }
  };
  return (
    <div className="signatures" data-testid="signatures">
      {signatures.length === 0 ? <p className="empty">No signatures.</p> : null}
      <ul className="work-list">
        {signatures.map((s) => (
          <li key={s.id} data-testid="signature">
            <img className="signature-image" src={s.image} alt={`Signature of ${s.signer_name}`} />
            <span>
              {s.signer_name} · {purposeLabel[s.purpose]} · {formatDate(s.signed_at)}{' '}
              {formatTime(ms(s.signed_at))}
            </span>
          </li>
        ))}
      </ul>
      {canWork && !open ? (
        <button type="button" data-testid="signature-open" onClick={() => setOpen(true)}>
          Add signature
        </button>
      ) : null}
      {canWork && open ? (
        <div className="work-log-form">
          <h3>Sign</h3>
          <canvas
            ref={canvas}
            className="signature-pad"
            data-testid="signature-pad"
            width={720}
            height={200}
            onPointerDown={down}
            onPointerMove={move}
            onPointerUp={up}
            onPointerCancel={up}
          />
          <input
            aria-label="Signer name"
            value={signer}
            onChange={(e) => setSigner(e.target.value)}
          />
          <select
            aria-label="Purpose"
            value={purpose}
            onChange={(e) => setPurpose(e.target.value as SignaturePurpose)}
          >
            {signaturePurposes.map((p) => (
              <option key={p} value={p}>
                {purposeLabel[p]}
              </option>
            ))}
          </select>
          <button type="button" onClick={clear}>
            Clear
          </button>
          <button
            type="button"
            className="primary"
            data-testid="signature-save"
            disabled={!inked}
            onClick={() => void save()}
          >
            Save signature
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      ) : null}
      {problem ? <p className="notice error">{problem}</p> : null}
    </div>
  );
}
