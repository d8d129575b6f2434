// Per-address limit on login attempts (ServiceSettings.LoginRateLimitPerMinute). The account lockout
// stops guesses at one account; this stops one client guessing across many accounts, and bounds
// the hashing work (a third of a second of CPU each) any one client can ask of the server.
import type { AppContext } from './context.js';
import { tooManyRequests } from '../domain/errors.js';
import { RateLimiter, addressKey } from '../domain/rate-limiter.js';

export class LoginThrottle {
  private readonly limiter = new RateLimiter();

  constructor(private readonly ctx: AppContext) {}

  /** Counts a login attempt from `address`; throws 429 (with Retry-After) when it is one too many. */
  check(address: string): void {
    const perMinute = this.ctx.config.get().ServiceSettings.LoginRateLimitPerMinute;
    const waitMs = this.limiter.take(addressKey(address), this.ctx.clock.now(), perMinute);
    if (waitMs > 0) {
      throw tooManyRequests('app.user.login.rate_limited.app_error', 'Too many login attempts from this address. Wait a little, then try again.', waitMs);
    }
  }
}
