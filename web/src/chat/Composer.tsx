// Writing a message: Enter sends, Shift+Enter starts a new line. A failed send keeps the text and
// says why.
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { client, errorText } from '../api/client';
import { useChatStore } from './context';
import { ErrorNote } from '../ui/forms';

export function Composer({ channelId, rootId = '', label, placeholder }: { channelId: string; rootId?: string; label: string; placeholder: string }) {
  const store = useChatStore();
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);

  const send = async () => {
    const message = text.trim();
    if (!message || busy) return;
    setBusy(true);
    setError('');
    try {
      const post = await client.createPost({ channel_id: channelId, message: text, root_id: rootId });
      store.addPost(post);
      setText('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
      ref.current?.focus();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void send();
  };

  const rows = Math.min(8, Math.max(1, text.split('\n').length));
  return (
    <form className="composer" onSubmit={onSubmit}>
      <label className="visually-hidden" htmlFor={`composer-${channelId}-${rootId}`}>{label}</label>
      <div className="composer__row">
        <textarea
          ref={ref}
          id={`composer-${channelId}-${rootId}`}
          className="composer__input"
          value={text}
          rows={rows}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby={`composer-help-${channelId}-${rootId}`}
        />
        <button type="submit" className="button button--primary composer__send" disabled={busy || !text.trim()}>
          Send
        </button>
      </div>
      <p id={`composer-help-${channelId}-${rootId}`} className="composer__help">
        <kbd>Enter</kbd> to send, <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line. Markdown works.
      </p>
      <ErrorNote>{error}</ErrorNote>
    </form>
  );
}
