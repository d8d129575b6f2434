import { createContext, useContext } from 'react';
import type { ChatStore } from './store';

export const ChatContext = createContext<ChatStore | null>(null);

export function useChatStore(): ChatStore {
  const store = useContext(ChatContext);
  if (!store) throw new Error('useChatStore outside a team');
  return store;
}
