import { Button, Result, Spin } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { asApiError, type ApiError } from '../api.js';
import { useI18n } from '../i18n.js';

/** A failure the reader can act on: what went wrong in their language, and a way to try again. */
export function ErrorState({ error, onRetry }: { error: ApiError | unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const e = asApiError(error);
  return (
    <div role="alert" className="tb-state">
      <Result
        status={e.status === 403 ? 'warning' : 'error'}
        title={<h2 className="tb-state-title">{t('error.title')}</h2>}
        subTitle={<span data-error-code={e.code}>{e.text(lang)}</span>}
        extra={onRetry ? <Button type="primary" onClick={onRetry}>{t('common.retry')}</Button> : undefined}
      />
    </div>
  );
}

export function PageLoading() {
  const { t } = useI18n();
  return (
    <div className="tb-state" role="status" aria-live="polite">
      <Spin />
      <span className="tb-state-text">{t('common.loading')}</span>
    </div>
  );
}

function ChunkError({ onRetry }: { onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="tb-state">
      <Result
        status="error"
        title={<h2 className="tb-state-title">{t('error.title')}</h2>}
        subTitle={t('error.CHUNK_LOAD')}
        extra={<Button type="primary" onClick={onRetry}>{t('common.retry')}</Button>}
      />
    </div>
  );
}

/**
 * Catches a render failure or a surface's code that failed to download (server down between pages), so the
 * page says so instead of going blank.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.failed) this.setState({ failed: false });
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  render() {
    if (this.state.failed) return <ChunkError onRetry={() => window.location.reload()} />;
    return this.props.children;
  }
}
