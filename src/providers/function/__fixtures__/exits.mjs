// A system under test that ends its process.
export default () => process.exit(0);
