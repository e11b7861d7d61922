/**
 * A random pause that grows with the attempt (up to 100 ms), so that a burst of writers whose
 * conditional writes to one item collided do not all try again at once.
 */
export const spreadRetry = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)));
