// A module whose top-level await never settles.
await new Promise(() => {});
export default () => 'never reached';
