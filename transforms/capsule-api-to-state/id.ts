/** The transform's id (its own module, so that the transform's parts can name it without importing the transform). */
export const ID = 'capsule-api-to-state';
