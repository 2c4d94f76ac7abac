import type { ReactNode } from 'react';
import { AssetBrowserScreen } from './assets/asset-browser-screen';
import { AssetScreen } from './assets/asset-screen';
import { AttentionScreen } from './attention/attention-screen';
import { CreateWorkOrderScreen } from './work-orders/create-work-order-screen';
import { LabelsScreen } from './scan/labels-screen';
import { MyWorkScreen } from './work-orders/my-work-screen';
import { RequestScreen, RequestsScreen } from './requests/request-screen';
import { ScanScreen } from './scan/scan-screen';
import { WorkOrderDetailScreen } from './work-orders/work-order-detail-screen';
import { WorkOrderListScreen } from './work-orders/work-order-list-screen';

/**
 * The screens. Adding one: write `<feature>/<name>-screen.tsx` (read with
 * useLiveQuery, write with useMutate; a new area gets its own feature folder),
 * then add a route here; `nav` puts it in
 * the top navigation. The first matching pattern wins, so put literal paths
 * (`/work-orders/new`) before parameter ones (`/work-orders/:id`).
 */
export interface RouteDef {
  pattern: string;
  title: string;
  nav?: string;
  render: (params: Record<string, string>) => ReactNode;
}

export const routes: RouteDef[] = [
  { pattern: '/', title: 'My work', nav: 'My work', render: () => <MyWorkScreen /> },
  {
    pattern: '/work-orders',
    title: 'Work orders',
    nav: 'Work orders',
    render: () => <WorkOrderListScreen />,
  },
  {
    pattern: '/work-orders/new',
    title: 'New work order',
    nav: 'New',
    render: () => <CreateWorkOrderScreen />,
  },
  {
    pattern: '/work-orders/:id',
    title: 'Work order',
    render: (p) => <WorkOrderDetailScreen id={p.id ?? ''} />,
  },
  { pattern: '/assets', title: 'Assets', nav: 'Assets', render: () => <AssetBrowserScreen /> },
  { pattern: '/assets/:id', title: 'Asset', render: (p) => <AssetScreen id={p.id ?? ''} /> },
  { pattern: '/attention', title: 'Needs attention', render: () => <AttentionScreen /> },
  { pattern: '/scan', title: 'Scan', nav: 'Scan', render: () => <ScanScreen /> },
  { pattern: '/labels', title: 'QR labels', render: () => <LabelsScreen /> },
  { pattern: '/requests', title: 'Requests', nav: 'Requests', render: () => <RequestsScreen /> },
  { pattern: '/requests/new', title: 'Request maintenance', render: () => <RequestScreen /> },
];
