/** An access token was requested from Fintecture. */
export class FintectureTokenRefreshEvent {
  static readonly NAME = 'fintecture.token-refresh';

  constructor(readonly result: 'success' | 'failure') {}
}
