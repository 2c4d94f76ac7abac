/** The asset page's address inside the app; QR labels encode it with the origin in front. */
export const assetPath = (id: string) => `/assets/${encodeURIComponent(id)}`;

/** The full URL a QR label carries: opening it (or scanning it in the app) shows the asset. */
export const assetUrl = (origin: string, id: string) => `${origin}/#${assetPath(id)}`;
