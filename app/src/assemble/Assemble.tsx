export default function Assemble() {
  return <p>Assemble</p>;
}
