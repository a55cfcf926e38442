const CallbackDeskPage = () => null;
export default CallbackDeskPage;
