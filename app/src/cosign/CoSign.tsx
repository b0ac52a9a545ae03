export default function CoSign() {
  return <p>CoSign</p>;
}
