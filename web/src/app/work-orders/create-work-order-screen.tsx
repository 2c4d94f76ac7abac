import { priorities, workOrderTypes, type Priority, type WorkOrderType } from '@plantkeep/shared';
import { useState, type FormEvent } from 'react';
import { useRuntime } from '../../runtime/runtime-context';
import { useMutate } from '../../runtime/use-mutate';
import { AssetPicker } from '../assets/asset-picker';
import { useHashParam } from '../ui/hash-query';
import { navigate } from '../ui/router';
import { ValueSelect } from '../ui/value-select';

/** A new work order, created locally (works offline) and sent when the network allows. */
export function CreateWorkOrderScreen() {
  const { user } = useRuntime();
  const mutate = useMutate();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<WorkOrderType>('corrective');
  const [priority, setPriority] = useState<Priority>('medium');
  const [due, setDue] = useState('');
  // `#/work-orders/new?asset=<id>` (the asset page's "New work order for this asset").
  const presetAsset = useHashParam('asset');
  const [assetId, setAssetId] = useState(presetAsset);
  const [assignToMe, setAssignToMe] = useState(true);
  const [problem, setProblem] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    const id = crypto.randomUUID();
    try {
      await mutate('workOrder.create', {
        id,
        title,
        type,
        priority,
        ...(description.trim() ? { description } : {}),
        ...(due ? { dueDate: new Date(`${due}T23:59:59`).toISOString() } : {}),
        ...(assetId ? { assetId } : {}),
        ...(assignToMe ? { assigneeIds: [user.id] } : {}),
      });
      navigate(`/work-orders/${id}`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section className="screen" data-testid="create-work-order">
      <h1>New work order</h1>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          Title
          <input
            name="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={200}
          />
        </label>
        <label>
          Description
          <textarea
            name="description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={4}
          />
        </label>
        <div className="row">
          <label>
            Type
            <ValueSelect values={workOrderTypes} value={type} onChange={setType} />
          </label>
          <label>
            Priority
            <ValueSelect
              name="priority"
              values={priorities}
              value={priority}
              onChange={setPriority}
            />
          </label>
          <label>
            Due date
            <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
          </label>
        </div>
        <AssetPicker value={assetId} onChange={setAssetId} />
        <label className="check">
          <input
            type="checkbox"
            checked={assignToMe}
            onChange={(e) => setAssignToMe(e.target.checked)}
          />
          Assign to me
        </label>
        {problem ? <p className="notice error">{problem}</p> : null}
        <button type="submit" className="primary" data-testid="create-submit">
          Create work order
        </button>
      </form>
    </section>
  );
}
