// blessed-contrib ships types that do not match its runtime exports; the dashboard uses it dynamically.
declare module 'blessed-contrib' {
  // biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS widgets
  const contrib: any;
  export default contrib;
}
