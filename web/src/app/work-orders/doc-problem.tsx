import type { WorkOrderDoc } from './use-work-order-doc';

/** Why the work order's document could not be read, with a Retry (nothing when it could). */
export function DocProblem({ doc, what }: { doc: WorkOrderDoc; what: string }) {
  if (doc.error === undefined) return null;
  return (
    <p className="notice error" data-testid="doc-problem">
      Could not read the {what}: {doc.error}{' '}
      <button type="button" onClick={doc.retry}>
        Retry
      </button>
    </p>
  );
}
