const QueuePage = () => null;
export default QueuePage;
