fn main() {
    marginalia::app::start();
}
