// A page of a list: how many items to skip and how many to return at most.

export interface Page {
  offset: number;
  limit: number;
}
