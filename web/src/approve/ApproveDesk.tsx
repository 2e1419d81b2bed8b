import { Workspace } from '../components/Workspace.js';

export default function ApproveDesk() {
  return <Workspace title="approve.title" plan="approve.plan" />;
}
