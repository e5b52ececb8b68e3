/**
 * Registers the service worker the build writes (sw.js, see src/build/precache-plugin.ts) so the
 * app opens offline. Production builds only: in dev it would cache stale modules. Failures are
 * reported to `onError` (default: console.warn) and never break the app.
 */
export async function registerServiceWorker(
  onError: (error: unknown) => void = (e) => console.warn('Service worker not registered:', e),
): Promise<ServiceWorkerRegistration | null> {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator))
    return null;
  try {
    // Relative to the page, so dist/ works under any path.
    return await navigator.serviceWorker.register('./sw.js', { scope: './' });
  } catch (e) {
    onError(e);
    return null;
  }
}
