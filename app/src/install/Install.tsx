export default function Install() {
  return <p>Install</p>;
}
