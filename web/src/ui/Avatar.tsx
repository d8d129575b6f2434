import { colourOf, initialsOf } from '../render/author';

/** A picture for a person or a hook: the image when there is an allowed one, else initials. */
export function Avatar({ name, id, url, size = 36 }: { name: string; id: string; url?: string; size?: number }) {
  if (url) {
    return <img className="avatar" src={url} alt="" width={size} height={size} referrerPolicy="no-referrer" />;
  }
  return (
    <span className="avatar avatar--initials" aria-hidden="true" style={{ width: size, height: size, background: colourOf(id), fontSize: size * 0.4 }}>
      {initialsOf(name)}
    </span>
  );
}
