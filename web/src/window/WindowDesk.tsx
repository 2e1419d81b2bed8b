import { Workspace } from '../components/Workspace.js';

export default function WindowDesk() {
  return <Workspace title="window.title" plan="window.plan" />;
}
