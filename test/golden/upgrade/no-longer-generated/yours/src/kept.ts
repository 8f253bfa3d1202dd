export const kept = 2;
