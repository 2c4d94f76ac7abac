import { signaturePurposes, type SignaturePurpose } from '@plantkeep/shared';
import { useRef, useState, type PointerEvent } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { useMutate } from '../../runtime/use-mutate';
import { formatDate, formatTime, messageOf } from '../ui/format';
import { msOf, newId, nowIso } from './work-entry';

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
        id: newId(),
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
              {formatTime(msOf(s.signed_at))}
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
