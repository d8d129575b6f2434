// Small form pieces every page shares: a labelled field with its hint and error tied to it for
// screen readers, and an error note that is announced when it appears.
import { useId, type ReactNode } from 'react';

export function ErrorNote({ children, id }: { children: ReactNode; id?: string }) {
  if (!children) return null;
  return (
    <p className="error-note" role="alert" id={id}>
      {children}
    </p>
  );
}

export function Field({
  label, hint, error, children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : '';
  const errorId = error ? `${id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: !!error })}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
