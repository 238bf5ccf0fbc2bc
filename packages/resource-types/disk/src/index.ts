/** @wolfpack/type-disk: the built-in Disk resource type (engine module) and its reservation file format. */
export { default, validatePath } from './engine.ts';
export { readReservation, reservationFileName, reservationPath, type Reservation } from './reservation.ts';
