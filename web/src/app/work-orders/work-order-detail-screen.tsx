import {
  AppError,
  canUpdateWorkOrder,
  checkTransition,
  transitionsNeedingReason,
  workOrderTransitions,
  type WorkOrderStatus,
} from '@plantkeep/shared';
import { canComment, canEditStepDefinitions } from '@plantkeep/shared/ydoc';
import { useState } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useLiveQuery } from '../../runtime/use-live-query';
import { useMutate } from '../../runtime/use-mutate';
import { Link } from '../ui/router';
import { formatDate, statusLabel } from '../ui/format';
import { isOverdue, woNumber } from './work-order-format';
import { Checklist } from './checklist';
import { Comments } from './comments';
import { Photos } from './photos';
import { useWorkOrderDoc } from './use-work-order-doc';
import { PartsUsed } from './parts-used';
import { Signatures } from './signatures';
import { TimeLog } from './time-log';

interface Detail {
  id: string;
  number: number | null;
  title: string;
  description: string | null;
  status: WorkOrderStatus;
  priority: string;
  type: string;
  due_date: Date | string | null;
  requester_id: string | null;
  hold_reason: string | null;
  cancel_reason: string | null;
  asset: string | null;
  location: string | null;
}

/** Verbs for the action buttons, by target status. */
const actionLabel: Record<WorkOrderStatus, string> = {
  requested: 'Back to requested',
  open: 'Approve',
  in_progress: 'Start work',
  on_hold: 'Put on hold',
  completed: 'Complete',
  verified: 'Verify',
  cancelled: 'Cancel work order',
};

export function WorkOrderDetailScreen({ id }: { id: string }) {
  const { actor } = useRuntime();
  const mutate = useMutate();
  const [reasonFor, setReasonFor] = useState<WorkOrderStatus>();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const wo = useLiveQuery<Detail>(
    `select w.id, w.number, w.title, w.description, w.status::text as status,
            w.priority::text as priority, w.type::text as type, w.due_date, w.requester_id,
            w.hold_reason, w.cancel_reason,
            a.tag || ' · ' || a.name as asset, l.name as location
       from work_orders w
       left join assets a on a.id = w.asset_id
       left join locations l on l.id = w.location_id
      where w.id = $1`,
    [id],
  ).rows?.[0];
  const assignees =
    useLiveQuery<{ id: string; name: string }>(
      `select u.id, u.name from work_order_assignees wa join users u on u.id = wa.user_id
        where wa.work_order_id = $1 order by u.name`,
      [id],
    ).rows ?? [];
  const doc = useWorkOrderDoc(id);
  if (!wo) return <p className="notice">Loading…</p>;

  const scope = { requesterId: wo.requester_id, assigneeIds: assignees.map((a) => a.id) };
  const canWork = canUpdateWorkOrder(actor, scope);
  const actions = workOrderTransitions[wo.status].filter(
    (to) => checkTransition(actor, scope, wo.status, to, 'reason given')?.code !== 'forbidden',
  );

  const transition = async (to: WorkOrderStatus, why?: string) => {
    setProblem(undefined);
    // Closed at once: the change shows as soon as it is applied locally, and
    // a form opened meanwhile must not be closed when the write is on disk.
    setReasonFor(undefined);
    setReason('');
    try {
      await mutate('workOrder.transition', { id, to, ...(why ? { reason: why } : {}) });
    } catch (error) {
      // Refused: the reason typed comes back for another try.
      if (why !== undefined) {
        setReasonFor(to);
        setReason(why);
      }
      setProblem(
        error instanceof AppError || error instanceof Error ? error.message : String(error),
      );
    }
  };
  const onAction = (to: WorkOrderStatus) => {
    if (transitionsNeedingReason.has(to)) setReasonFor(to);
    else void transition(to);
  };

  return (
    <section className="screen" data-testid="work-order-detail">
      <p>
        <Link to="/work-orders">← All work orders</Link>
      </p>
      <h1>
        <span className="wo-number">{woNumber(wo.number)}</span> {wo.title}
      </h1>
      <div className="badges">
        <span className={`badge status-${wo.status}`} data-testid="wo-status">
          {statusLabel(wo.status)}
        </span>
        <span className={`badge priority-${wo.priority}`}>{statusLabel(wo.priority)}</span>
        <span className="badge">{statusLabel(wo.type)}</span>
      </div>
      <dl className="facts">
        <dt>Due</dt>
        <dd className={isOverdue(wo) ? 'overdue' : ''}>{formatDate(wo.due_date)}</dd>
        <dt>Asset</dt>
        <dd>{wo.asset ?? '—'}</dd>
        <dt>Location</dt>
        <dd>{wo.location ?? '—'}</dd>
        <dt>Assigned to</dt>
        <dd>{assignees.length ? assignees.map((a) => a.name).join(', ') : 'Nobody'}</dd>
        {wo.status === 'on_hold' && wo.hold_reason ? (
          <>
            <dt>On hold because</dt>
            <dd>{wo.hold_reason}</dd>
          </>
        ) : null}
        {wo.status === 'cancelled' && wo.cancel_reason ? (
          <>
            <dt>Cancelled because</dt>
            <dd>{wo.cancel_reason}</dd>
          </>
        ) : null}
      </dl>
      {wo.description ? <p className="description">{wo.description}</p> : null}

      <h2>Status</h2>
      {actions.length === 0 ? <p className="empty">No status changes available to you.</p> : null}
      <div className="actions">
        {actions.map((to) => (
          <button
            key={to}
            type="button"
            className={to === 'cancelled' ? 'danger' : 'primary'}
            data-testid={`action-${to}`}
            onClick={() => onAction(to)}
          >
            {actionLabel[to]}
          </button>
        ))}
      </div>
      {reasonFor ? (
        <form
          className="reason"
          onSubmit={(e) => {
            e.preventDefault();
            void transition(reasonFor, reason);
          }}
        >
          <label>
            Why is it {statusLabel(reasonFor).toLowerCase()}?
            <input value={reason} onChange={(e) => setReason(e.target.value)} required autoFocus />
          </label>
          <button type="submit" className="primary">
            {actionLabel[reasonFor]}
          </button>
          <button type="button" onClick={() => setReasonFor(undefined)}>
            Back
          </button>
        </form>
      ) : null}
      {problem ? <p className="notice error">{problem}</p> : null}

      <h2>Checklist</h2>
      <Checklist
        workOrderId={id}
        doc={doc}
        canWork={canWork}
        canDefine={canEditStepDefinitions(actor)}
      />

      <h2>Comments</h2>
      <Comments workOrderId={id} doc={doc} canComment={canComment(actor, scope)} />

      <h2>Time</h2>
      <TimeLog workOrderId={id} canWork={canWork} />

      <h2>Parts used</h2>
      <PartsUsed workOrderId={id} canWork={canWork} />

      <h2>Photos</h2>
      <Photos workOrderId={id} canWork={canWork} />

      <h2>Signatures</h2>
      <Signatures workOrderId={id} canWork={canWork} />
    </section>
  );
}
