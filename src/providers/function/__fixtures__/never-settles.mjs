// A system under test that never answers, with a timer that would keep a process alive.
setInterval(() => {}, 1000);
export default () => new Promise(() => {});
