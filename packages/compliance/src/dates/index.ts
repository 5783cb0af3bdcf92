export * from "./businessDays.ts";
export * from "./calendarDate.ts";
export * from "./previousBusinessDay.ts";
export * from "./uncheckedDates.ts";
