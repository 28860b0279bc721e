export * from './linkedin-ids';
export * from './direction';
export * from './lead-lifecycle';
export * from './time-zone';
export * from './personalisation';
export * from './calendar/working-calendar';
export * from './calendar/step-timing';
export * from './trim';
