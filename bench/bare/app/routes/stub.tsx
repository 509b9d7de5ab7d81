export function loader() {
  return { stub: true };
}

export default function Stub() {
  return <p>stub</p>;
}
