// The runtime shape check of every public input (generated shapes + class instance checks).
export { checkInput, checkAppProps } from './check-input';
