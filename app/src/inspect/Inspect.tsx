export default function Inspect() {
  return <p>Inspect</p>;
}
