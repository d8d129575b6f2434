// Small line icons drawn in SVG, so they look the same whatever fonts the machine has. They are
// decoration: the button around each one carries the name.
const base = { width: 16, height: 16, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.6, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const, 'aria-hidden': true };

export const ReplyIcon = () => <svg {...base}><path d="M6 4 2 8l4 4" /><path d="M2 8h7a5 5 0 0 1 5 5" /></svg>;
export const EditIcon = () => <svg {...base}><path d="M11 2.5 13.5 5 6 12.5 3 13l.5-3z" /></svg>;
export const TrashIcon = () => <svg {...base}><path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5" /></svg>;
export const LockIcon = () => <svg {...base} width={13} height={13}><rect x="3.5" y="7" width="9" height="6.5" rx="1" /><path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" /></svg>;
export const SearchIcon = () => <svg {...base}><circle cx="7" cy="7" r="4.5" /><path d="m10.5 10.5 3 3" /></svg>;
export const PlusIcon = () => <svg {...base}><path d="M8 3v10M3 8h10" /></svg>;
export const MenuIcon = () => <svg {...base} width={20} height={20}><path d="M2.5 4h11M2.5 8h11M2.5 12h11" /></svg>;
export const CloseIcon = () => <svg {...base}><path d="m4 4 8 8M12 4l-8 8" /></svg>;
